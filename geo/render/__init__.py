"""What the analyst sees: the folium map, its layers and playback, the standalone HTML, the
tables beside the map, the vendored web assets, escaping, and the served app's headers.

Owns: ``webmap``, ``layers``, ``timeline``, ``standalone``, ``assets``, ``tables``, ``html``
(the one place untrusted text is made safe) and ``serving``.
May import: ``geo.errors``, ``geo.text``, ``geo.io``, ``geo.frame``, ``geo.analysis``; never
``geo.extract`` or streamlit.
"""
