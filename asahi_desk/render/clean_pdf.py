"""An attached PDF's page made harmless before it is bound: nothing in the packet runs anything.

Removed: the page's own actions (/AA: JavaScript when a page opens or closes), annotations that play
or launch (sound, movie, screen, rich media, 3D, attached files), links that launch a program, run
JavaScript, submit or import data or open another file, and the actions of every annotation kept
(a form field's scripts, the chain of /Next actions). Links to a page of the document and to a web
address stay, as do notes and form fields as they print. The document's own catalogue (its
/OpenAction, its JavaScript name tree) is never bound: only its pages are.
"""

from __future__ import annotations

from pypdf import PageObject
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

KEPT_ACTIONS = ("/GoTo", "/URI")  # a link to a page, a link to a web address
RUNNING_ANNOTATIONS = ("/Screen", "/Movie", "/Sound", "/RichMedia", "/3D", "/FileAttachment")


def clean_page(page: PageObject) -> PageObject:
    """The page without actions that run anything; returns the same page."""
    if "/AA" in page:
        del page[NameObject("/AA")]
    annots = page.get("/Annots")
    if annots is None:
        return page
    kept = ArrayObject()
    for ref in annots.get_object():
        annot = ref.get_object()
        if not isinstance(annot, DictionaryObject) or _runs_something(annot):
            continue
        if "/AA" in annot:
            del annot[NameObject("/AA")]
        action = annot.get("/A")
        if action is not None:
            action = action.get_object()
            if isinstance(action, DictionaryObject) and action.get("/S") in KEPT_ACTIONS:
                if "/Next" in action:
                    del action[NameObject("/Next")]
            else:
                del annot[NameObject("/A")]
        kept.append(ref)
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page[NameObject("/Annots")]
    return page


def _runs_something(annot: DictionaryObject) -> bool:
    if annot.get("/Subtype") in RUNNING_ANNOTATIONS:
        return True
    if annot.get("/Subtype") == "/Link":
        action = annot.get("/A")
        action = action.get_object() if action is not None else None
        return isinstance(action, DictionaryObject) and action.get("/S") not in KEPT_ACTIONS
    return False
