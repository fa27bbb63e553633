--liquibase formatted sql

--changeset bulk:table
create table bulk (id int primary key, v varchar(20), k int);
--rollback drop table bulk;

--changeset bulk:chunk-00
insert into bulk values (1, 'v1;x', 1);
insert into bulk values (2, 'v2;x', 2);
insert into bulk values (3, 'v3;x', 3);
insert into bulk values (4, 'v4;x', 4);
insert into bulk values (5, 'v5;x', 5);
insert into bulk values (6, 'v6;x', 6);
insert into bulk values (7, 'v7;x', 0);
insert into bulk values (8, 'v8;x', 1);
insert into bulk values (9, 'v9;x', 2);
insert into bulk values (10, 'v10;x', 3);
insert into bulk values (11, 'v11;x', 4);
insert into bulk values (12, 'v12;x', 5);
insert into bulk values (13, 'v13;x', 6);
insert into bulk values (14, 'v14;x', 0);
insert into bulk values (15, 'v15;x', 1);
insert into bulk values (16, 'v16;x', 2);
insert into bulk values (17, 'v17;x', 3);
insert into bulk values (18, 'v18;x', 4);
insert into bulk values (19, 'v19;x', 5);
insert into bulk values (20, 'v20;x', 6);
--rollback delete from bulk where id between 1 and 20;

--changeset bulk:chunk-01
insert into bulk values (21, 'v21;x', 0);
insert into bulk values (22, 'v22;x', 1);
insert into bulk values (23, 'v23;x', 2);
insert into bulk values (24, 'v24;x', 3);
insert into bulk values (25, 'v25;x', 4);
insert into bulk values (26, 'v26;x', 5);
insert into bulk values (27, 'v27;x', 6);
insert into bulk values (28, 'v28;x', 0);
insert into bulk values (29, 'v29;x', 1);
insert into bulk values (30, 'v30;x', 2);
insert into bulk values (31, 'v31;x', 3);
insert into bulk values (32, 'v32;x', 4);
insert into bulk values (33, 'v33;x', 5);
insert into bulk values (34, 'v34;x', 6);
insert into bulk values (35, 'v35;x', 0);
insert into bulk values (36, 'v36;x', 1);
insert into bulk values (37, 'v37;x', 2);
insert into bulk values (38, 'v38;x', 3);
insert into bulk values (39, 'v39;x', 4);
insert into bulk values (40, 'v40;x', 5);
--rollback delete from bulk where id between 21 and 40;

--changeset bulk:chunk-02
insert into bulk values (41, 'v41;x', 6);
insert into bulk values (42, 'v42;x', 0);
insert into bulk values (43, 'v43;x', 1);
insert into bulk values (44, 'v44;x', 2);
insert into bulk values (45, 'v45;x', 3);
insert into bulk values (46, 'v46;x', 4);
insert into bulk values (47, 'v47;x', 5);
insert into bulk values (48, 'v48;x', 6);
insert into bulk values (49, 'v49;x', 0);
insert into bulk values (50, 'v50;x', 1);
insert into bulk values (51, 'v51;x', 2);
insert into bulk values (52, 'v52;x', 3);
insert into bulk values (53, 'v53;x', 4);
insert into bulk values (54, 'v54;x', 5);
insert into bulk values (55, 'v55;x', 6);
insert into bulk values (56, 'v56;x', 0);
insert into bulk values (57, 'v57;x', 1);
insert into bulk values (58, 'v58;x', 2);
insert into bulk values (59, 'v59;x', 3);
insert into bulk values (60, 'v60;x', 4);
--rollback delete from bulk where id between 41 and 60;

--changeset bulk:chunk-03
insert into bulk values (61, 'v61;x', 5);
insert into bulk values (62, 'v62;x', 6);
insert into bulk values (63, 'v63;x', 0);
insert into bulk values (64, 'v64;x', 1);
insert into bulk values (65, 'v65;x', 2);
insert into bulk values (66, 'v66;x', 3);
insert into bulk values (67, 'v67;x', 4);
insert into bulk values (68, 'v68;x', 5);
insert into bulk values (69, 'v69;x', 6);
insert into bulk values (70, 'v70;x', 0);
insert into bulk values (71, 'v71;x', 1);
insert into bulk values (72, 'v72;x', 2);
insert into bulk values (73, 'v73;x', 3);
insert into bulk values (74, 'v74;x', 4);
insert into bulk values (75, 'v75;x', 5);
insert into bulk values (76, 'v76;x', 6);
insert into bulk values (77, 'v77;x', 0);
insert into bulk values (78, 'v78;x', 1);
insert into bulk values (79, 'v79;x', 2);
insert into bulk values (80, 'v80;x', 3);
--rollback delete from bulk where id between 61 and 80;

--changeset bulk:chunk-04
insert into bulk values (81, 'v81;x', 4);
insert into bulk values (82, 'v82;x', 5);
insert into bulk values (83, 'v83;x', 6);
insert into bulk values (84, 'v84;x', 0);
insert into bulk values (85, 'v85;x', 1);
insert into bulk values (86, 'v86;x', 2);
insert into bulk values (87, 'v87;x', 3);
insert into bulk values (88, 'v88;x', 4);
insert into bulk values (89, 'v89;x', 5);
insert into bulk values (90, 'v90;x', 6);
insert into bulk values (91, 'v91;x', 0);
insert into bulk values (92, 'v92;x', 1);
insert into bulk values (93, 'v93;x', 2);
insert into bulk values (94, 'v94;x', 3);
insert into bulk values (95, 'v95;x', 4);
insert into bulk values (96, 'v96;x', 5);
insert into bulk values (97, 'v97;x', 6);
insert into bulk values (98, 'v98;x', 0);
insert into bulk values (99, 'v99;x', 1);
insert into bulk values (100, 'v100;x', 2);
--rollback delete from bulk where id between 81 and 100;

--changeset bulk:chunk-05
insert into bulk values (101, 'v101;x', 3);
insert into bulk values (102, 'v102;x', 4);
insert into bulk values (103, 'v103;x', 5);
insert into bulk values (104, 'v104;x', 6);
insert into bulk values (105, 'v105;x', 0);
insert into bulk values (106, 'v106;x', 1);
insert into bulk values (107, 'v107;x', 2);
insert into bulk values (108, 'v108;x', 3);
insert into bulk values (109, 'v109;x', 4);
insert into bulk values (110, 'v110;x', 5);
insert into bulk values (111, 'v111;x', 6);
insert into bulk values (112, 'v112;x', 0);
insert into bulk values (113, 'v113;x', 1);
insert into bulk values (114, 'v114;x', 2);
insert into bulk values (115, 'v115;x', 3);
insert into bulk values (116, 'v116;x', 4);
insert into bulk values (117, 'v117;x', 5);
insert into bulk values (118, 'v118;x', 6);
insert into bulk values (119, 'v119;x', 0);
insert into bulk values (120, 'v120;x', 1);
--rollback delete from bulk where id between 101 and 120;

--changeset bulk:chunk-06
insert into bulk values (121, 'v121;x', 2);
insert into bulk values (122, 'v122;x', 3);
insert into bulk values (123, 'v123;x', 4);
insert into bulk values (124, 'v124;x', 5);
insert into bulk values (125, 'v125;x', 6);
insert into bulk values (126, 'v126;x', 0);
insert into bulk values (127, 'v127;x', 1);
insert into bulk values (128, 'v128;x', 2);
insert into bulk values (129, 'v129;x', 3);
insert into bulk values (130, 'v130;x', 4);
insert into bulk values (131, 'v131;x', 5);
insert into bulk values (132, 'v132;x', 6);
insert into bulk values (133, 'v133;x', 0);
insert into bulk values (134, 'v134;x', 1);
insert into bulk values (135, 'v135;x', 2);
insert into bulk values (136, 'v136;x', 3);
insert into bulk values (137, 'v137;x', 4);
insert into bulk values (138, 'v138;x', 5);
insert into bulk values (139, 'v139;x', 6);
insert into bulk values (140, 'v140;x', 0);
--rollback delete from bulk where id between 121 and 140;

--changeset bulk:chunk-07
insert into bulk values (141, 'v141;x', 1);
insert into bulk values (142, 'v142;x', 2);
insert into bulk values (143, 'v143;x', 3);
insert into bulk values (144, 'v144;x', 4);
insert into bulk values (145, 'v145;x', 5);
insert into bulk values (146, 'v146;x', 6);
insert into bulk values (147, 'v147;x', 0);
insert into bulk values (148, 'v148;x', 1);
insert into bulk values (149, 'v149;x', 2);
insert into bulk values (150, 'v150;x', 3);
insert into bulk values (151, 'v151;x', 4);
insert into bulk values (152, 'v152;x', 5);
insert into bulk values (153, 'v153;x', 6);
insert into bulk values (154, 'v154;x', 0);
insert into bulk values (155, 'v155;x', 1);
insert into bulk values (156, 'v156;x', 2);
insert into bulk values (157, 'v157;x', 3);
insert into bulk values (158, 'v158;x', 4);
insert into bulk values (159, 'v159;x', 5);
insert into bulk values (160, 'v160;x', 6);
--rollback delete from bulk where id between 141 and 160;

--changeset bulk:chunk-08
insert into bulk values (161, 'v161;x', 0);
insert into bulk values (162, 'v162;x', 1);
insert into bulk values (163, 'v163;x', 2);
insert into bulk values (164, 'v164;x', 3);
insert into bulk values (165, 'v165;x', 4);
insert into bulk values (166, 'v166;x', 5);
insert into bulk values (167, 'v167;x', 6);
insert into bulk values (168, 'v168;x', 0);
insert into bulk values (169, 'v169;x', 1);
insert into bulk values (170, 'v170;x', 2);
insert into bulk values (171, 'v171;x', 3);
insert into bulk values (172, 'v172;x', 4);
insert into bulk values (173, 'v173;x', 5);
insert into bulk values (174, 'v174;x', 6);
insert into bulk values (175, 'v175;x', 0);
insert into bulk values (176, 'v176;x', 1);
insert into bulk values (177, 'v177;x', 2);
insert into bulk values (178, 'v178;x', 3);
insert into bulk values (179, 'v179;x', 4);
insert into bulk values (180, 'v180;x', 5);
--rollback delete from bulk where id between 161 and 180;

--changeset bulk:chunk-09
insert into bulk values (181, 'v181;x', 6);
insert into bulk values (182, 'v182;x', 0);
insert into bulk values (183, 'v183;x', 1);
insert into bulk values (184, 'v184;x', 2);
insert into bulk values (185, 'v185;x', 3);
insert into bulk values (186, 'v186;x', 4);
insert into bulk values (187, 'v187;x', 5);
insert into bulk values (188, 'v188;x', 6);
insert into bulk values (189, 'v189;x', 0);
insert into bulk values (190, 'v190;x', 1);
insert into bulk values (191, 'v191;x', 2);
insert into bulk values (192, 'v192;x', 3);
insert into bulk values (193, 'v193;x', 4);
insert into bulk values (194, 'v194;x', 5);
insert into bulk values (195, 'v195;x', 6);
insert into bulk values (196, 'v196;x', 0);
insert into bulk values (197, 'v197;x', 1);
insert into bulk values (198, 'v198;x', 2);
insert into bulk values (199, 'v199;x', 3);
insert into bulk values (200, 'v200;x', 4);
--rollback delete from bulk where id between 181 and 200;

--changeset bulk:chunk-10
insert into bulk values (201, 'v201;x', 5);
insert into bulk values (202, 'v202;x', 6);
insert into bulk values (203, 'v203;x', 0);
insert into bulk values (204, 'v204;x', 1);
insert into bulk values (205, 'v205;x', 2);
insert into bulk values (206, 'v206;x', 3);
insert into bulk values (207, 'v207;x', 4);
insert into bulk values (208, 'v208;x', 5);
insert into bulk values (209, 'v209;x', 6);
insert into bulk values (210, 'v210;x', 0);
insert into bulk values (211, 'v211;x', 1);
insert into bulk values (212, 'v212;x', 2);
insert into bulk values (213, 'v213;x', 3);
insert into bulk values (214, 'v214;x', 4);
insert into bulk values (215, 'v215;x', 5);
insert into bulk values (216, 'v216;x', 6);
insert into bulk values (217, 'v217;x', 0);
insert into bulk values (218, 'v218;x', 1);
insert into bulk values (219, 'v219;x', 2);
insert into bulk values (220, 'v220;x', 3);
--rollback delete from bulk where id between 201 and 220;

--changeset bulk:chunk-11
insert into bulk values (221, 'v221;x', 4);
insert into bulk values (222, 'v222;x', 5);
insert into bulk values (223, 'v223;x', 6);
insert into bulk values (224, 'v224;x', 0);
insert into bulk values (225, 'v225;x', 1);
insert into bulk values (226, 'v226;x', 2);
insert into bulk values (227, 'v227;x', 3);
insert into bulk values (228, 'v228;x', 4);
insert into bulk values (229, 'v229;x', 5);
insert into bulk values (230, 'v230;x', 6);
insert into bulk values (231, 'v231;x', 0);
insert into bulk values (232, 'v232;x', 1);
insert into bulk values (233, 'v233;x', 2);
insert into bulk values (234, 'v234;x', 3);
insert into bulk values (235, 'v235;x', 4);
insert into bulk values (236, 'v236;x', 5);
insert into bulk values (237, 'v237;x', 6);
insert into bulk values (238, 'v238;x', 0);
insert into bulk values (239, 'v239;x', 1);
insert into bulk values (240, 'v240;x', 2);
--rollback delete from bulk where id between 221 and 240;

--changeset bulk:chunk-12
insert into bulk values (241, 'v241;x', 3);
insert into bulk values (242, 'v242;x', 4);
insert into bulk values (243, 'v243;x', 5);
insert into bulk values (244, 'v244;x', 6);
insert into bulk values (245, 'v245;x', 0);
insert into bulk values (246, 'v246;x', 1);
insert into bulk values (247, 'v247;x', 2);
insert into bulk values (248, 'v248;x', 3);
insert into bulk values (249, 'v249;x', 4);
insert into bulk values (250, 'v250;x', 5);
insert into bulk values (251, 'v251;x', 6);
insert into bulk values (252, 'v252;x', 0);
insert into bulk values (253, 'v253;x', 1);
insert into bulk values (254, 'v254;x', 2);
insert into bulk values (255, 'v255;x', 3);
insert into bulk values (256, 'v256;x', 4);
insert into bulk values (257, 'v257;x', 5);
insert into bulk values (258, 'v258;x', 6);
insert into bulk values (259, 'v259;x', 0);
insert into bulk values (260, 'v260;x', 1);
--rollback delete from bulk where id between 241 and 260;

--changeset bulk:chunk-13
insert into bulk values (261, 'v261;x', 2);
insert into bulk values (262, 'v262;x', 3);
insert into bulk values (263, 'v263;x', 4);
insert into bulk values (264, 'v264;x', 5);
insert into bulk values (265, 'v265;x', 6);
insert into bulk values (266, 'v266;x', 0);
insert into bulk values (267, 'v267;x', 1);
insert into bulk values (268, 'v268;x', 2);
insert into bulk values (269, 'v269;x', 3);
insert into bulk values (270, 'v270;x', 4);
insert into bulk values (271, 'v271;x', 5);
insert into bulk values (272, 'v272;x', 6);
insert into bulk values (273, 'v273;x', 0);
insert into bulk values (274, 'v274;x', 1);
insert into bulk values (275, 'v275;x', 2);
insert into bulk values (276, 'v276;x', 3);
insert into bulk values (277, 'v277;x', 4);
insert into bulk values (278, 'v278;x', 5);
insert into bulk values (279, 'v279;x', 6);
insert into bulk values (280, 'v280;x', 0);
--rollback delete from bulk where id between 261 and 280;

--changeset bulk:chunk-14
insert into bulk values (281, 'v281;x', 1);
insert into bulk values (282, 'v282;x', 2);
insert into bulk values (283, 'v283;x', 3);
insert into bulk values (284, 'v284;x', 4);
insert into bulk values (285, 'v285;x', 5);
insert into bulk values (286, 'v286;x', 6);
insert into bulk values (287, 'v287;x', 0);
insert into bulk values (288, 'v288;x', 1);
insert into bulk values (289, 'v289;x', 2);
insert into bulk values (290, 'v290;x', 3);
insert into bulk values (291, 'v291;x', 4);
insert into bulk values (292, 'v292;x', 5);
insert into bulk values (293, 'v293;x', 6);
insert into bulk values (294, 'v294;x', 0);
insert into bulk values (295, 'v295;x', 1);
insert into bulk values (296, 'v296;x', 2);
insert into bulk values (297, 'v297;x', 3);
insert into bulk values (298, 'v298;x', 4);
insert into bulk values (299, 'v299;x', 5);
insert into bulk values (300, 'v300;x', 6);
--rollback delete from bulk where id between 281 and 300;

--changeset bulk:index
create index bulk_k on bulk (k);
--rollback drop index bulk_k on bulk;
