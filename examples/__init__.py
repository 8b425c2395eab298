"""Reference province clients for conformance sessions (docs/conformance.md): one that behaves
well and one that does everything Phụ lục V punishes. Nothing in ndxp-sim imports them."""
