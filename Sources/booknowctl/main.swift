// booknowctl: the BookNow operator tool. Built up by the foundation issues.
print("booknowctl")
