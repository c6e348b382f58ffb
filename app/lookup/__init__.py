"""Type-ahead: the ``/lookup/<kinds>`` endpoint and the form fields that use it."""
