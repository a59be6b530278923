"""Open data (开放数据): every published run as a Frictionless Data Package at a permanent URL, with a citation line."""
