"""The planner app served with its sign-in routes (ui/signin_routes.py) beside Streamlit's own:

    .venv/bin/streamlit run serve.py --server.address 0.0.0.0

Streamlit runs app.py for every browser session; the two routes set and clear the HttpOnly
session cookie; an address naming no page is sent to the app's root (ui/addresses.py) instead
of Streamlit's English "Page not found". ``streamlit run app.py`` serves the pages without
them: enough on localhost, where nobody signs in (docs/library.md)."""

import streamlit as st
from starlette.middleware import Middleware

from ui import signin_routes
from ui.addresses import UnknownPagesToRoot

signin_routes.SERVED = True
app = st.App("app.py", routes=signin_routes.ROUTES, middleware=[Middleware(UnknownPagesToRoot)])
