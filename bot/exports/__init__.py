"""The office's documents, built from the register.

- ``stats.export_stats`` → 统计表 (.xlsx)
- ``registration.export_registration`` → 登记表 of one event (.docx)
- ``plan.export_plan`` → 计划安排 (.xlsx or .docx)

Each takes the session explicitly and returns the file's bytes; bad input raises
``common.ExportError`` with a Chinese message. Nothing is imported here so that importing
the package stays cheap (openpyxl and python-docx load with the module that needs them).
"""
