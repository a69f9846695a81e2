"""News views: reading, writing, review, comments, information materials and announcements."""

from news.views.announcements import (  # noqa: F401
    announcement_create,
    announcement_detail,
    announcement_list,
    desk_announcements,
)
from news.views.comments import (  # noqa: F401
    COMMENT_ACTIONS,
    comment_moderate,
    comment_post,
    comment_queue,
)
from news.views.materials import (  # noqa: F401
    desk_materials,
    desk_reports,
    desk_reports_csv,
    material_create,
    material_detail,
    material_edit,
    material_file,
    material_file_delete,
    material_list,
    material_publish,
    material_unpublish,
    report_create,
    report_edit,
    report_mine,
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
