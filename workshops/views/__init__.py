from workshops.views.desk import (  # noqa: F401
    desk_cancel,
    desk_check_in,
    desk_create,
    desk_edit,
    desk_event_material_add,
    desk_event_material_delete,
    desk_export,
    desk_list,
    desk_publish,
    desk_registrants,
    desk_scan,
)
from workshops.views.public import (  # noqa: F401
    calendar_feed,
    certificate_verify,
    event_detail,
    event_ics,
    event_list,
    event_material_download,
    event_register,
)
from workshops.views.registrant import (  # noqa: F401
    certificate_download,
    feedback,
    mine,
    registration_cancel,
    ticket,
)
