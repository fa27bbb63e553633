--liquibase formatted sql
-- nothing here yet: the team reserves the file for next sprint

/* a block comment
   on two lines */
