"""The monitoring pages, one module per resource."""
