"""Official documents (văn bản hành chính) in the format of Nghị định 30/2020/NĐ-CP."""
