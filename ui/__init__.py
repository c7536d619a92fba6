"""The app's page in parts: the sidebar's filters and forms, the map, the table, the timeline, the
review and check panels, the downloads. With ``app.py`` (the entry point, which lays them out) the
only code that imports streamlit; what they show comes from ``geo``, read through ``ui.data``'s caches."""
