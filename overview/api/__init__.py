"""The open-data API under /api/v1/: read-only, public, JSON (OpenAPI document in `openapi.py`)."""
