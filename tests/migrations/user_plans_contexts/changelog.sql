--liquibase formatted sql

--changeset app:1
CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, plan VARCHAR(10) NOT NULL);
--rollback DROP TABLE users;

--changeset app:demo context:test
INSERT INTO users VALUES (1, 'demo@example.org', 'free'), (2, 'demo2@example.org', 'pro');
--rollback DELETE FROM users WHERE id IN (1, 2);

--changeset mig:1 context:prod,test
CREATE TABLE IF NOT EXISTS user_plans (user_id INT PRIMARY KEY, plan VARCHAR(10) NOT NULL);
--rollback DROP TABLE user_plans;

--changeset mig:2
INSERT IGNORE INTO user_plans SELECT id, plan FROM users;
--rollback DELETE FROM user_plans;

--changeset mig:demo-plans context:test labels:demo
INSERT INTO user_plans VALUES (-1, 'junk');
--rollback DELETE FROM user_plans WHERE user_id = -1;
