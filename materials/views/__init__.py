"""Information materials views: public library, dissemination reports, Redaksi desk, announcements."""

from materials.views.announcements import (  # noqa: F401
    announcement_create,
    announcement_detail,
    announcement_list,
    desk_announcements,
)
from materials.views.materials import (  # noqa: F401
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
