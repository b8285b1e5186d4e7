-- PDFs from elsewhere bound into a handout of the packet (an operator's 概要版),
-- kept inside the plan file. Their page count is read from the PDF, never stored.
-- placement: 'start' / 'end' of the handout, 'after' its generated page after_page,
-- or 'summary': in place of the generated 資料２ 概要版 page.

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL,
    handout     TEXT    NOT NULL CHECK (handout <> ''),
    placement   TEXT    NOT NULL DEFAULT 'end' CHECK (placement IN ('start', 'after', 'summary', 'end')),
    after_page  INTEGER CHECK ((placement = 'after') = (after_page IS NOT NULL)
                               AND (after_page IS NULL OR (typeof(after_page) = 'integer' AND after_page >= 1))),
    file_name   TEXT    NOT NULL DEFAULT '',
    data        BLOB    NOT NULL CHECK (typeof(data) = 'blob' AND length(data) > 0)
);

CREATE INDEX attachments_position ON attachments(position);
