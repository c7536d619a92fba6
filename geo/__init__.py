"""News reports to a map an analyst can trust.

The stages live in one module each and data flows one way::

    reports -> places -> events -> frame -> analysis -> webmap / export

No module in this package imports streamlit; the app in ``app.py`` is a thin
shell over these functions.
"""

__version__ = "0.1.0"
