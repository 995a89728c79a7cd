"""Streamlit glue shared by the pages: session state and small reusable widgets.

Domain logic lives in `mapping/`; this package only holds what needs Streamlit.
"""
