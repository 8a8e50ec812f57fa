print("bench-templates")
