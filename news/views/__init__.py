"""News views: reading, writing, review and comments."""

from news.views.comments import (  # noqa: F401
    COMMENT_ACTIONS,
    comment_bulk_moderate,
    comment_moderate,
    comment_post,
    comment_queue,
)
from news.views.reading import article_detail, article_list, category_detail  # noqa: F401
from news.views.review import (  # noqa: F401
    ACTIONS,
    article_action,
    article_review,
    kim_queue,
    redaksi_queue,
)
from news.views.writing import (  # noqa: F401
    article_autosave,
    article_autosave_new,
    article_edit,
    article_mine,
    article_write,
    body_image_upload,
)
