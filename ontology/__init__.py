"""The published ontology (OWL), its SHACL shapes and JSON-LD context, and the code that loads them."""
