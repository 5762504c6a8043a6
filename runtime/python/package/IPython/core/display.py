"""IPython.core.display: where older notebooks import display objects from."""

from IPython.display import *  # noqa: F401,F403  (the same names, from their new home)
from IPython.display import __all__  # noqa: F401
