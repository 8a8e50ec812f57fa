// booknowd: the BookNow daemon. Built up by the foundation issues.
print("booknowd")
