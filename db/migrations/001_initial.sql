-- One ward's plan for one fiscal year. Amounts are integers in 千円 unless a
-- column says otherwise; `position` orders siblings; nothing derivable is stored.

CREATE TABLE plan (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    ward            TEXT    NOT NULL,
    fiscal_year     INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2019 AND 2200),
    office          TEXT    NOT NULL DEFAULT '',
    slogan          TEXT    NOT NULL DEFAULT '',
    mascot_caption  TEXT    NOT NULL DEFAULT '',
    mascot_image    BLOB
);

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL UNIQUE
);

-- 区分: the tree of the 総括表. A 区分 holds 区分, pillars, or is a lump sum.
CREATE TABLE categories (
    id                   INTEGER PRIMARY KEY,
    parent_id            INTEGER REFERENCES categories(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    name                 TEXT    NOT NULL,
    qualifier            TEXT    NOT NULL DEFAULT '',
    listing_label        TEXT    NOT NULL DEFAULT '',
    caption              TEXT    NOT NULL DEFAULT '',
    description          TEXT,
    footnote             TEXT    NOT NULL DEFAULT '',
    requires_indicators  INTEGER NOT NULL DEFAULT 0 CHECK (requires_indicators IN (0, 1)),
    amount               INTEGER CHECK (amount IS NULL OR typeof(amount) = 'integer'),
    last_year            INTEGER CHECK (last_year IS NULL OR typeof(last_year) = 'integer'),
    stated_amount        INTEGER CHECK (stated_amount IS NULL OR typeof(stated_amount) = 'integer'),
    stated_last_year     INTEGER CHECK (stated_last_year IS NULL OR typeof(stated_last_year) = 'integer')
);

CREATE TABLE category_sections (
    category_id  INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    section_id   INTEGER NOT NULL REFERENCES sections(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (category_id, section_id)
);

CREATE TABLE pillars (
    id                INTEGER PRIMARY KEY,
    category_id       INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT    NOT NULL,
    stated_amount     INTEGER CHECK (stated_amount IS NULL OR typeof(stated_amount) = 'integer'),
    stated_last_year  INTEGER CHECK (stated_last_year IS NULL OR typeof(stated_last_year) = 'integer')
);

CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    pillar_id         INTEGER NOT NULL REFERENCES pillars(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT    NOT NULL,
    purpose           TEXT    NOT NULL DEFAULT '',
    notes             TEXT    NOT NULL DEFAULT '',
    amount            INTEGER CHECK (amount IS NULL OR typeof(amount) = 'integer'),
    last_year         INTEGER CHECK (last_year IS NULL OR typeof(last_year) = 'integer'),
    stated_amount     INTEGER CHECK (stated_amount IS NULL OR typeof(stated_amount) = 'integer'),
    stated_last_year  INTEGER CHECK (stated_last_year IS NULL OR typeof(stated_last_year) = 'integer')
);

CREATE TABLE project_sections (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    section_id  INTEGER NOT NULL REFERENCES sections(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (project_id, section_id)
);

-- 細事業. `body` holds the bullet lines, one a line.
CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    mark        TEXT    NOT NULL DEFAULT '' CHECK (mark IN ('', '新', '拡')),
    name        TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (typeof(amount) = 'integer'),
    last_year   INTEGER CHECK (last_year IS NULL OR typeof(last_year) = 'integer'),
    body        TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE item_sections (
    item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    section_id  INTEGER NOT NULL REFERENCES sections(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (item_id, section_id)
);

-- 事業指標
CREATE TABLE indicators (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    target      TEXT    NOT NULL DEFAULT '',
    unit        TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE photos (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    caption     TEXT    NOT NULL DEFAULT '',
    image       BLOB,
    media_type  TEXT    NOT NULL DEFAULT ''
);

-- ＜参考＞ / 再掲: an item of another project shown in this one, never counted.
CREATE TABLE item_references (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    item_id     INTEGER REFERENCES items(id) ON DELETE SET NULL,
    body        TEXT    NOT NULL DEFAULT ''
);

-- ＜関連する局事業＞: bureau projects beside a ward project, outside its totals.
CREATE TABLE bureau_projects (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    box         INTEGER NOT NULL DEFAULT 1,
    name        TEXT    NOT NULL,
    amount      INTEGER CHECK (amount IS NULL OR typeof(amount) = 'integer')
);

-- 区に係る予算のすがた: amount in 百万円 (ward), city in 億円 (18 wards).
CREATE TABLE overview (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    population   INTEGER NOT NULL DEFAULT 0,
    intro        TEXT    NOT NULL DEFAULT '',
    features     TEXT    NOT NULL DEFAULT '',
    chart_note   TEXT    NOT NULL DEFAULT '',
    table_notes  TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE overview_rows (
    id           INTEGER PRIMARY KEY,
    parent_id    INTEGER REFERENCES overview_rows(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    chart_label  TEXT    NOT NULL DEFAULT '',
    category_id  INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    amount       INTEGER NOT NULL CHECK (typeof(amount) = 'integer'),
    city_amount  INTEGER CHECK (city_amount IS NULL OR typeof(city_amount) = 'integer'),
    description  TEXT    NOT NULL DEFAULT '',
    is_reference INTEGER NOT NULL DEFAULT 0 CHECK (is_reference IN (0, 1))
);

-- The meeting and its 次第.
CREATE TABLE meeting (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    session     INTEGER NOT NULL DEFAULT 1,
    name        TEXT    NOT NULL DEFAULT '',
    date        TEXT    NOT NULL,          -- ISO 8601
    start_time  TEXT    NOT NULL DEFAULT '',  -- HH:MM
    place       TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE agenda_items (
    id         INTEGER PRIMARY KEY,
    position   INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '',
    presenter  TEXT    NOT NULL DEFAULT '',
    handout    TEXT    NOT NULL DEFAULT ''
);

-- 資料２: blocks in reading order, and the panels of its 概要版 page.
CREATE TABLE report (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    label       TEXT NOT NULL DEFAULT '',
    summary_title   TEXT NOT NULL DEFAULT '',
    summary_byline  TEXT NOT NULL DEFAULT '',
    summary_intro   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE report_blocks (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('title', 'lead', 'section', 'subsection', 'paragraph',
                                               'list_title', 'dated', 'bullet', 'note', 'reference')),
    date      TEXT,
    text      TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE report_panels (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    title     TEXT    NOT NULL,
    text      TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX categories_parent ON categories(parent_id, position);
CREATE INDEX pillars_category ON pillars(category_id, position);
CREATE INDEX projects_pillar ON projects(pillar_id, position);
CREATE INDEX items_project ON items(project_id, position);
CREATE INDEX indicators_project ON indicators(project_id, position);
CREATE INDEX photos_project ON photos(project_id, position);
CREATE INDEX item_references_project ON item_references(project_id, position);
CREATE INDEX item_references_item ON item_references(item_id);
CREATE INDEX bureau_projects_project ON bureau_projects(project_id, position);
CREATE INDEX overview_rows_parent ON overview_rows(parent_id, position);
