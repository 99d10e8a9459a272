"""Synthetic training-data generator: naming knowledge (service/data/naming.yaml) composed into the ways
people write product descriptions (catalogues, invoices, customs rulings, declarations, Chinese
declarations and market quotes), plus NOT_LISTED negatives that teach the boundary of the list.

Entry point: :func:`training.dataset.build_dataset`.
"""
