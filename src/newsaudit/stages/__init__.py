"""The stages of the pipeline: one module per stage; ``newsaudit.stage_list.stages_for`` puts them in order."""
