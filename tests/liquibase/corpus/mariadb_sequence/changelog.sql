--liquibase formatted sql

--changeset seq:create
create sequence invoice_seq start with 1000 increment by 10 minvalue 1000 maxvalue 999999 cache 0 nocycle;
--rollback drop sequence invoice_seq;

--changeset seq:table
create table invoices (
  no bigint not null primary key,
  customer varchar(40) not null
);
--rollback drop table invoices;

--changeset seq:data
insert into invoices values (next value for invoice_seq, 'a'), (nextval(invoice_seq), 'b');
insert into invoices (no, customer) values (nextval(invoice_seq), 'c');
select setval(invoice_seq, 5000);
insert into invoices values (next value for invoice_seq, 'd');
--rollback delete from invoices;
--rollback select setval(invoice_seq, 1000, 0);

--changeset seq:alter
alter sequence invoice_seq increment by 1 restart with 7000;
insert into invoices values (nextval(invoice_seq), 'e');
--rollback delete from invoices where customer = 'e';
--rollback alter sequence invoice_seq increment by 10 restart with 5010;
