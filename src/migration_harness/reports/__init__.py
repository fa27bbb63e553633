"""Report additions: the HTML report attached to the approval ticket."""
