from tests.fast_flush import flush_by_deleting_rows  # noqa: F401 (autouse: the quick flush)
from tests.oidc_provider.fixtures import oidc_provider, oidc_settings  # noqa: F401
