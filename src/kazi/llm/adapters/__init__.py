"""One adapter per vendor wire format, each built on the vendor's official async SDK."""
