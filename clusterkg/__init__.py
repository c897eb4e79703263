"""The clusterkg application: the command line and the ingest orchestration above the libraries.

It imports ``loaders``, ``graph``, ``exports`` and ``ontology``; none of them imports it.
"""
