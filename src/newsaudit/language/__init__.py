"""In progress."""
from typing import Any
def analyze_language(*a: Any) -> Any: raise NotImplementedError
