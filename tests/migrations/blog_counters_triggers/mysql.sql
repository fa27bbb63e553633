--liquibase formatted sql

--changeset blog:base-1
CREATE TABLE posts (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(100) NOT NULL,
  created_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE comments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id INT NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  CONSTRAINT fk_comments_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE comments; DROP TABLE posts;

--changeset counters:1
ALTER TABLE posts ADD COLUMN IF NOT EXISTS comment_count INT NOT NULL DEFAULT 0;
--rollback ALTER TABLE posts DROP COLUMN IF EXISTS comment_count;

--changeset counters:2 splitStatements:false
CREATE TRIGGER IF NOT EXISTS trg_comments_ins AFTER INSERT ON comments FOR EACH ROW
BEGIN
  UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END
--rollback DROP TRIGGER IF EXISTS trg_comments_ins;

--changeset counters:3 splitStatements:false
CREATE TRIGGER IF NOT EXISTS trg_comments_del AFTER DELETE ON comments FOR EACH ROW
BEGIN
  UPDATE posts SET comment_count = comment_count - 1 WHERE id = OLD.post_id;
END
--rollback DROP TRIGGER IF EXISTS trg_comments_del;

--changeset counters:4
UPDATE posts p SET comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id);
--rollback UPDATE posts SET comment_count = 0;
