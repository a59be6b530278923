"""Shared fixtures. Django tests use pytest-django; engine tests need no database."""
