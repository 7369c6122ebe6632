#!/usr/bin/python3
"""Resumes a torchts checkpoint in Python PyTorch. Usage: serialization_resume.py INIT CKPT OUT

INIT holds {"model": state dict at step 0, "X", "Y", "steps"}; CKPT the checkpoint torchts wrote
after `resumed_at` steps ({epoch, model_state_dict, optimizer_state_dict, scheduler_state_dict,
loss}). Writes OUT with torch.save: {"uninterrupted": state dict after `steps` steps from INIT,
"resumed": state dict after resuming CKPT up to `steps`} (Adam, StepLR, MSE as in
test/serialization_resume.test.ts)."""
import sys

import torch

init_path, ckpt_path, out_path = sys.argv[1:4]
init = torch.load(init_path)
X, Y, steps = init["X"], init["Y"], init["steps"]


def build():
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.85, 0.995))
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    return model, opt, sched


def train(model, opt, sched, start):
    for _ in range(start, steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
        sched.step()
    return model.state_dict()


model, opt, sched = build()
model.load_state_dict(init["model"])
uninterrupted = train(model, opt, sched, 0)

ckpt = torch.load(ckpt_path, weights_only=False)
model, opt, sched = build()
model.load_state_dict(ckpt["model_state_dict"])
opt.load_state_dict(ckpt["optimizer_state_dict"])
sched.load_state_dict(ckpt["scheduler_state_dict"])
resumed = train(model, opt, sched, ckpt["epoch"])
torch.save({"uninterrupted": uninterrupted, "resumed": resumed}, out_path)
