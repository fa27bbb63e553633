create table plain_t (
  id int primary key,
  v varchar(20) default 'from; plain'
)
