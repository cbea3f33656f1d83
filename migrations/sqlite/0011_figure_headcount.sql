-- Flows of people (issue 14, the insights section): a figure may count the people who took
-- part in its activity (trainees, students, attendees, experts sent), and say whom:
-- `countries`, people of or in the activity's partner countries; `unplaced`, people whose
-- countries the source does not give. The flows of people on the insights map add these
-- up; a figure without one (NULL: transplants, weeks, hospitals, or people counted for
-- another reason, such as domestic participants) is never added. `model::Headcount`.
ALTER TABLE figures ADD COLUMN people TEXT CHECK (people IN ('countries', 'unplaced'));
