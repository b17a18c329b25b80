"""Packaging detail pyproject.toml cannot say: ship the top-level styles/ folder as citekit/styles."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["citekit", "citekit.*"]), "citekit.styles"],
    package_dir={"citekit.styles": "styles"},
    package_data={"citekit": ["py.typed"], "citekit.styles": ["*.py", "*.md"]},
)
