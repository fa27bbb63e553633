"""Reports: the approval report (``approval`` builds the document; ``render_html``, ``render_markdown`` and the
JSON schema give its forms; ``gate`` holds the hooks, ``junit`` the properties, ``workers`` the xdist hand-over)
and the pytest-html additions (``html``)."""
