--liquibase formatted sql

--changeset blog:base-1
CREATE TABLE articles (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    body MEDIUMTEXT NULL,
    published_at TIMESTAMP NULL DEFAULT NULL,
    meta JSON NULL,
    flags SET('draft', 'featured', 'archived') NOT NULL DEFAULT '',
    score FLOAT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
--rollback DROP TABLE articles;

--changeset blog:rev-1
CREATE TABLE IF NOT EXISTS article_revisions (
    revision_id VARCHAR(40) NOT NULL PRIMARY KEY,
    article_id BIGINT UNSIGNED NOT NULL,
    revision_no INT NOT NULL,
    title VARCHAR(200) NOT NULL,
    body MEDIUMTEXT NULL,
    published_at TIMESTAMP NULL DEFAULT NULL,
    meta JSON NULL,
    migrated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY article_revisions_article (article_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
--rollback DROP TABLE IF EXISTS article_revisions;

--changeset blog:rev-2
INSERT INTO article_revisions (revision_id, article_id, revision_no, title, body, published_at, meta)
SELECT CONCAT('rev-', a.id, '-1'), a.id, 1, a.title, a.body, a.published_at, a.meta
FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM article_revisions r WHERE r.article_id = a.id AND r.revision_no = 1);
--rollback DELETE FROM article_revisions WHERE revision_no = 1;
