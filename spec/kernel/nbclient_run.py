"""Executes a notebook with nbclient (what `jupyter nbconvert --execute` uses) on our kernel and
writes the executed notebook. Run by nbclient.spec.ts with our kernelspec on JUPYTER_PATH.

Usage: nbclient_run.py IN.ipynb OUT.ipynb
"""

import sys

import nbformat
from nbclient import NotebookClient


def main(source, target):
    notebook = nbformat.read(source, as_version=4)
    NotebookClient(notebook, kernel_name="torchscript", timeout=60).execute()
    nbformat.write(notebook, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
