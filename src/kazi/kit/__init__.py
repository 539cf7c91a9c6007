"""Infrastructure every domain may use, and which uses no domain."""
