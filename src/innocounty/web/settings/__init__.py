"""Settings packages: ``dev`` (SQLite default), ``test``, ``production`` (secrets from the environment)."""
