"""JupyterLab server for the galata UI tests: galata's test settings, on the port npm test chose."""
import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter passes in)
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ["MLPORTAL_UI_JUPYTER_PORT"])  # noqa: F821
# Jupyter refuses to start as root without it (containers, CI).
c.ServerApp.allow_root = os.geteuid() == 0  # noqa: F821
