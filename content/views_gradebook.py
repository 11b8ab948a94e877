from django.shortcuts import render

from .gradebook import gradebook


def my_grades(request):
    """ "Mes notes": the person's own grades (copies and quizzes); nobody
    else's, whatever their role."""
    return render(request, "content/my_grades.html", gradebook(request.user))
