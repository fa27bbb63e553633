--liquibase formatted sql

--changeset forum:base-1
CREATE TABLE comments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  thread_id INT NOT NULL,
  parent_id BIGINT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES comments (id) ON DELETE CASCADE
);
--rollback DROP TABLE comments;

--changeset forum:paths-1
CREATE TABLE IF NOT EXISTS comment_paths (
  comment_id BIGINT NOT NULL PRIMARY KEY,
  thread_id INT NOT NULL,
  depth INT NOT NULL,
  root_id BIGINT NOT NULL
);
INSERT IGNORE INTO comment_paths (comment_id, thread_id, depth, root_id)
WITH RECURSIVE tree AS (
  SELECT id, thread_id, 0 AS depth, id AS root_id FROM comments WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.thread_id, t.depth + 1, t.root_id FROM comments c JOIN tree t ON c.parent_id = t.id
)
SELECT id, thread_id, depth, root_id FROM tree;
--rollback DROP TABLE comment_paths;
