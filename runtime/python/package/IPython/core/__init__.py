"""IPython.core: only its display module, which older notebooks import from."""
