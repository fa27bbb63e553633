--liquibase formatted sql

--changeset tiny:base-1
CREATE TABLE users (id INT PRIMARY KEY, team VARCHAR(20) NOT NULL, full_name VARCHAR(100) NULL, created_at TIMESTAMP(6) NOT NULL);
--rollback DROP TABLE users;

--changeset tiny:mig-1
CREATE TABLE IF NOT EXISTS profiles (id INT PRIMARY KEY, user_id INT NOT NULL, team VARCHAR(20) NOT NULL, full_name VARCHAR(100) NULL, created_at TIMESTAMP(6) NOT NULL, origin VARCHAR(20) NOT NULL);
--rollback DROP TABLE profiles;

--changeset tiny:mig-2
INSERT INTO profiles (id, user_id, team, full_name, created_at, origin)
SELECT u.id, u.id, u.team, u.full_name, u.created_at, 'migration' FROM users u
WHERE NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = u.id);
--rollback DELETE FROM profiles WHERE origin = 'migration';
