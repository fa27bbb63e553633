--liquibase formatted sql

--changeset app:base-1
CREATE TABLE posts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE photos (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  url VARCHAR(500) NOT NULL,
  created_at TIMESTAMP NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE post_comments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id BIGINT NOT NULL,
  author_email VARCHAR(320) NOT NULL,
  body TEXT NOT NULL,
  payload JSON NULL,
  deleted_at DATETIME NULL,
  created_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_pc_post FOREIGN KEY (post_id) REFERENCES posts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE photo_comments (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  photo_id INT UNSIGNED NOT NULL,
  author_email VARCHAR(320) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  rating TINYINT NULL,
  deleted TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_phc_photo FOREIGN KEY (photo_id) REFERENCES photos (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- The new comment system is live already: the application writes new comments here (legacy_id NULL).
CREATE TABLE comments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  commentable_type ENUM('post','photo') NOT NULL,
  commentable_id BIGINT NOT NULL,
  legacy_id BIGINT NULL,
  author_email VARCHAR(320) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  UNIQUE KEY uq_comments_legacy (commentable_type, legacy_id),
  KEY ix_comments_target (commentable_type, commentable_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE comments; DROP TABLE photo_comments; DROP TABLE post_comments; DROP TABLE photos; DROP TABLE posts;

--changeset comments:merge-1
INSERT INTO comments (commentable_type, commentable_id, legacy_id, author_email, body, created_at)
SELECT 'post', pc.post_id, pc.id, pc.author_email, pc.body, pc.created_at
FROM post_comments pc
WHERE pc.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.commentable_type = 'post' AND c.legacy_id = pc.id)
ORDER BY pc.id;
--rollback DELETE FROM comments WHERE commentable_type = 'post' AND legacy_id IS NOT NULL;

--changeset comments:merge-2
INSERT INTO comments (commentable_type, commentable_id, legacy_id, author_email, body, created_at)
SELECT 'photo', phc.photo_id, phc.id, phc.author_email, phc.body, phc.created_at
FROM photo_comments phc
WHERE phc.deleted = 0
  AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.commentable_type = 'photo' AND c.legacy_id = phc.id)
ORDER BY phc.id;
--rollback DELETE FROM comments WHERE commentable_type = 'photo' AND legacy_id IS NOT NULL;
