"""The audit log's pages, API and admin (the chain itself is ``innocounty.audit``, below accounts)."""
