"""The test suite. ``store_contract`` is not a test module but holds the store contract's assertions,
so pytest is told to rewrite them as well (for the same detailed failure messages)."""

import pytest

pytest.register_assert_rewrite("tests.store_contract")
