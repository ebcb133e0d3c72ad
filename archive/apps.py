from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "报纸档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the database check)
        from .loading import after_load_hooks
        from .topics import assign_loaded_topics

        # First, so that hooks after it (search indexing) see the articles' new topics.
        if assign_loaded_topics not in after_load_hooks:
            after_load_hooks.insert(0, assign_loaded_topics)

        from .search import checks as search_checks  # noqa: F401  (registers the search index check)
        from .search.dictionary import install
        from .search.indexing import register_load_hook

        install()
        register_load_hook()
