from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """`{{ form }}` everywhere: Django's <div> layout behind an error summary announced as an alert.

    Django already ties each field's errors to it (aria-describedby, aria-invalid); the summary
    makes sure a screen reader hears that the form came back with errors, and links to each field.
    """

    form_template_name = "includes/_form.html"
